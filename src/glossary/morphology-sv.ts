import type { GlossaryEntry, TermFeatures } from './types.ts'

/**
 * Swedish surface forms of a glossary entry: the declared forms, the rest from a small noun
 * paradigm, and the genitive of each (`-s`, `:s` after an acronym, nothing after -s/-x/-z).
 * Names and acronyms do not inflect; they take only the genitive.
 */

export interface SurfaceForm {
  /** The form as it is written (white space collapsed). */
  text: string
  features: Pick<TermFeatures, 'number' | 'definite' | 'genitive'>
}

/** `ICE`, `DHS`, `IT`: two or more letters, all capitals (digits and `&` allowed). */
export function isAcronym(word: string): boolean {
  return /^[\p{Lu}\p{N}&]+$/u.test(word) && (word.match(/\p{Lu}/gu)?.length ?? 0) >= 2
}

/** Whether the lemma is a common word (inflects, may be capitalised at a sentence start) rather than a name. */
export function isCommonWord(lemma: string): boolean {
  return !/\p{Lu}/u.test(lemma)
}

export function endsInSibilant(word: string): boolean {
  return /[sxz]$/i.test(word)
}

/** The Swedish genitive of a form, or undefined where Swedish writes it as the form itself. */
export function swedishGenitive(form: string): string | undefined {
  const last = form.split(' ').pop() ?? form
  if (isAcronym(last)) return `${form}:s`
  if (endsInSibilant(form)) return undefined
  return `${form}s`
}

/**
 * A regular-noun paradigm for the forms an entry does not declare. Covers the common gender
 * nouns newsrooms fix (`kampanj`, `myndighet`, `person`, `annons`: -en/-er/-erna; `-a` nouns:
 * -an/-or/-orna); anything else should declare its forms in `sv_forms`.
 */
export function swedishParadigm(lemma: string): { def: string; pl: string; defpl: string } {
  if (/[^aeiouyåäö]a$/.test(lemma)) {
    const stem = lemma.slice(0, -1)
    return { def: `${lemma}n`, pl: `${stem}or`, defpl: `${stem}orna` }
  }
  if (/e$/.test(lemma)) {
    const stem = lemma.slice(0, -1)
    return { def: `${lemma}n`, pl: `${stem}ar`, defpl: `${stem}arna` }
  }
  if (/[aeiouyåäö]$/.test(lemma)) return { def: `${lemma}n`, pl: `${lemma}r`, defpl: `${lemma}rna` }
  return { def: `${lemma}en`, pl: `${lemma}er`, defpl: `${lemma}erna` }
}

/** Every Swedish surface form of an entry, with its features. The lemma comes first. */
export function surfaceForms(entry: GlossaryEntry): SurfaceForm[] {
  const lemma = normalizeSpace(entry.sv)
  if (lemma === '') return []
  // A bare form that reads as definite (`kommunfullmäktige`) has no regular paradigm: only what it declares.
  const inflect = entry.inflect ?? (isCommonWord(lemma) && !entry.keep && !entry.definite)
  const declared = entry.svForms ?? {}
  const paradigm = inflect ? swedishParadigm(lemma) : undefined
  const bases: SurfaceForm[] = [{ text: lemma, features: { number: 'sg', definite: entry.definite === true, genitive: false } }]
  const add = (text: string | undefined, number: 'sg' | 'pl', definite: boolean) => {
    const form = text === undefined ? undefined : normalizeSpace(text)
    if (form) bases.push({ text: form, features: { number, definite, genitive: false } })
  }
  add(declared.def ?? paradigm?.def, 'sg', true)
  add(declared.pl ?? paradigm?.pl, 'pl', false)
  add(declared.defpl ?? paradigm?.defpl, 'pl', true)
  const forms: SurfaceForm[] = []
  for (const base of bases) {
    forms.push(base)
    const genitive = swedishGenitive(base.text)
    if (genitive) forms.push({ text: genitive, features: { ...base.features, genitive: true } })
  }
  return forms
}

export function normalizeSpace(text: string): string {
  return text.trim().replace(/\s+/g, ' ')
}
