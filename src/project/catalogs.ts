import { hasJournal, journalMachine, lookup, machineLock, putMachine, readCatalog, readLanguageCatalogs, writeCatalog, type Catalog, type CatalogAnswer } from '../catalog/store.ts'
import { mapInParallel } from '../fs/parallel.ts'
import type { Answer, UnitJob } from '../translate/run.ts'
import type { ReviewStep } from '../translate/review.ts'
import { putReviewed } from '../catalog/review.ts'
import type { TermProtector } from '../glossary/protection.ts'
import type { ArticleUnits } from './article.ts'
import { unitContext } from '../document/segment.ts'

/**
 * One language's catalogs as the build answers from them, in order of precedence: the catalogs
 * of the articles that have the unit, then any other article's catalog of the language (which can
 * lend a unit, as `machine`). A machine translation made under other glossary entries than the
 * unit's terms have now (its lock records their hash) is stale and goes to the engines again;
 * reviewed ones stay.
 *
 * Only the run's own catalogs are read at first: the others (every catalog of the language, in a
 * big repository thousands) are read by `lend()`, and only when some unit is left unanswered by
 * its own articles' catalogs, so a one-article job in a big repository stays small.
 */
export class LanguageCatalogs {
  readonly lang: string
  /** Each unit once, however many articles share it, in article order. */
  readonly jobs: Map<string, UnitJob>
  readonly #own: Map<string, Catalog>
  readonly #localesDir: string
  /** The other articles' catalogs, once `lend()` has decided whether they are needed (empty when not). */
  #others?: Catalog[]
  readonly #owners: Map<string, ArticleUnits[]>
  readonly #protect?: TermProtector
  readonly #glossary: boolean
  #review?: ReviewStep
  #accept: (job: UnitJob, text: string) => boolean = () => true
  /** Units answered by a person's review elsewhere (another article, the memory), with that review's provenance. */
  readonly fromMemory = new Map<string, NonNullable<ReturnType<ReviewStep['exact']>>>()

  private constructor(localesDir: string, lang: string, articles: readonly ArticleUnits[], own: Map<string, Catalog>, protect: TermProtector | undefined, glossary: boolean) {
    this.#localesDir = localesDir
    this.lang = lang
    this.#protect = protect
    this.#glossary = glossary
    this.#own = own
    this.jobs = new Map()
    this.#owners = new Map()
    for (const article of articles) {
      for (const unit of article.segmentation.units) {
        if (!this.jobs.has(unit.key)) {
          this.jobs.set(unit.key, { key: unit.key, text: unit.text, context: unitContext(unit), slots: unit.slots })
        }
        // Articles come one after the other: an article already listed for this unit is the last one (no scan of the list).
        const owners = this.#owners.get(unit.key)
        if (!owners) this.#owners.set(unit.key, [article])
        else if (owners[owners.length - 1] !== article) owners.push(article)
      }
    }
  }

  /**
   * The catalogs of the run's articles in the language, read once (call `lend()` before the first
   * `lookup`). `protect` is the whole unit protection (terms, names, numbers); `glossary` says
   * whether it holds glossary terms, whose hash makes a machine translation stale.
   */
  static async read(localesDir: string, lang: string, articles: readonly ArticleUnits[], protect?: TermProtector, glossary = Boolean(protect)): Promise<LanguageCatalogs> {
    const slugs = [...new Set(articles.map((article) => article.slug))]
    const own = new Map((await mapInParallel(slugs, (slug) => readCatalog(localesDir, lang, slug))).map((catalog) => [catalog.slug, catalog]))
    return new LanguageCatalogs(localesDir, lang, articles, own, protect, glossary)
  }

  /**
   * Read the language's other catalogs if some unit is left unanswered by its own articles'
   * catalogs as they are now (after the review step changed them), so `lookup` can borrow from
   * them; when every unit is answered they are never read. Call before the first `lookup`.
   */
  async lend(): Promise<void> {
    if (this.#others) return
    const answered = (key: string) => {
      const glossaryHash = this.#glossaryHash(this.jobs.get(key)!.text)
      return (this.#owners.get(key) ?? []).some((article) => this.#current(this.of(article), key, glossaryHash))
    }
    const needed = [...this.jobs.keys()].some((key) => !answered(key))
    this.#others = needed ? await readLanguageCatalogs(this.#localesDir, this.lang, new Set(this.#own.keys())) : []
  }

  /** The review loop of this language: memory answers and suggestions; `accept` says whether a remembered translation fits the unit. */
  useReview(review: ReviewStep | undefined, accept: (job: UnitJob, text: string) => boolean): void {
    this.#review = review
    this.#accept = accept
  }

  /** The catalog of an article of this build. */
  of(article: ArticleUnits): Catalog {
    return this.#own.get(article.slug)!
  }

  /** The answer the catalogs give for a unit, or undefined when it goes to the engines. */
  lookup(key: string): Omit<Answer, 'terms'> | undefined {
    const glossaryHash = this.#glossaryHash(this.jobs.get(key)!.text)
    // A sentence a person reviewed in another article is taken as it is into the others, with provenance `memory`.
    const reviewedIn = (catalog: Catalog, answer: Omit<Answer, 'terms'>) => {
      const lock = catalog.lock[key]
      this.fromMemory.set(key, { text: answer.text, mark: { engine: 'memory', ...(lock?.reviewer ? { reviewer: lock.reviewer } : {}), ...(lock?.reviewedAt ? { reviewedAt: lock.reviewedAt } : {}) } })
      return answer
    }
    // Among the articles that have the unit, a review comes before another article's machine draft.
    let draft: Omit<Answer, 'terms'> | undefined
    for (const article of this.#owners.get(key) ?? []) {
      const catalog = this.of(article)
      const answer = this.#current(catalog, key, glossaryHash)
      if (answer?.status === 'reviewed') return reviewedIn(catalog, answer)
      draft ??= answer
    }
    if (draft) return draft
    if (!this.#others) throw new Error('LanguageCatalogs.lookup before lend()')
    for (const catalog of this.#others) {
      const answer = this.#current(catalog, key, glossaryHash)
      if (!answer) continue
      if (answer.status !== 'reviewed') return { ...answer, status: 'machine' }
      return reviewedIn(catalog, { text: answer.text, engine: 'memory', status: 'reviewed' })
    }
    // A unit sent back to review (its terms changed) is drafted again, not answered by the review it had.
    if ((this.#owners.get(key) ?? []).some((article) => this.of(article).lock[key]?.status === 'needs-review')) return undefined
    const job = this.jobs.get(key)!
    const remembered = this.#review?.exact(job, (text) => this.#accept(job, text))
    if (remembered) {
      this.fromMemory.set(key, remembered)
      return { text: remembered.text, engine: 'memory', status: 'reviewed' }
    }
    return undefined
  }

  /**
   * The answers for one article's edition: the language's answers (one per unit, however many
   * articles share it), except where the article's own catalog holds another current translation
   * of the unit — another article's draft or review never stands in for this article's own.
   */
  answersFor(article: ArticleUnits, answers: ReadonlyMap<string, Answer>): Pick<ReadonlyMap<string, Answer>, 'get'> {
    const catalog = this.of(article)
    const own = new Map<string, Answer>()
    for (const unit of article.segmentation.units) {
      const shared = answers.get(unit.key)
      if (!shared || own.has(unit.key)) continue
      // Same text and both reviewed or both not: the edition reads the same (a fresh draft is `needs-review` in the catalog when its suggestion was reviewed).
      const answer = lookup(catalog, unit.key)
      if (!answer || (answer.text === shared.text && (answer.status === 'reviewed') === (shared.status === 'reviewed'))) continue
      if (this.#current(catalog, unit.key, this.#glossaryHash(unit.text))) own.set(unit.key, { ...answer, cached: true })
    }
    return own.size === 0 ? answers : { get: (key) => own.get(key) ?? answers.get(key) }
  }

  /** This build's catalogs holding answers a crash left in their journal: they are written even if nothing else changes. */
  withJournal(): Catalog[] {
    return [...this.#own.values()].filter(hasJournal)
  }

  /**
   * Put fresh machine answers into the catalog of every article that has the unit; returns the
   * catalogs changed. On disk, each answer goes to a journal at once: a plain machine draft to the
   * journal of the first of its articles whose catalog takes it — enough for the next build to find
   * it after a crash (its own articles' catalogs first, then `lend()`), and a sentence shared by a
   * thousand articles costs one line, not a thousand files. A draft with review fields (a
   * suggestion, `needs-review`) goes to every article's journal, so no catalog loses them.
   */
  async journal(localesDir: string, fresh: ReadonlyMap<string, Answer>): Promise<Catalog[]> {
    const lines = new Map<Catalog, Parameters<typeof journalMachine>[2][number][]>()
    const changed = new Set<Catalog>()
    for (const [key, answer] of fresh) {
      const { status, ...draft } = this.#review?.draft(this.jobs.get(key)!) ?? { status: 'machine' as const }
      const line = { key, text: answer.text, lock: { ...machineLock(answer, this.jobs.get(key)!.text, answer.glossaryHash), ...draft }, ...(status === 'needs-review' ? { status } : {}) }
      const everywhere = status === 'needs-review' || Object.keys(draft).length > 0
      let journaled = false
      for (const article of this.#owners.get(key) ?? []) {
        const catalog = this.of(article)
        if (journaled && !everywhere) {
          if (putMachine(catalog, key, line.text, line.lock, line.status)) changed.add(catalog)
          continue
        }
        // A reviewed translation is never overwritten (`journalMachine` would not take the line): the next article's catalog journals it.
        if (lookup(catalog, key)?.status === 'reviewed') continue
        journaled = true
        const list = lines.get(catalog) ?? []
        list.push(line)
        lines.set(catalog, list)
      }
    }
    // The memory is on disk before any catalog stops holding what it took.
    await this.#review?.save()
    // One after the other: an append is a few microseconds (`journalMachine`), less than a queue to run them at once.
    for (const [catalog, list] of lines) if ((await journalMachine(localesDir, catalog, list)).length > 0) changed.add(catalog)
    return [...changed]
  }

  /** Copy answers an article's catalog lacks (from another article's catalog) into it, so each catalog is complete; returns whether it changed. */
  complete(article: ArticleUnits, answers: ReadonlyMap<string, Answer>): boolean {
    const catalog = this.of(article)
    let changed = false
    for (const unit of article.segmentation.units) {
      const answer = answers.get(unit.key)
      const glossary = this.#glossaryHash(unit.text)
      if (!answer || lookup(catalog, unit.key)) continue
      const remembered = this.fromMemory.get(unit.key)
      if (remembered) putReviewed(catalog, unit.key, remembered.text, { ...remembered.mark, source: unit.text, ...(glossary ? { glossary } : {}) })
      else if (!putMachine(catalog, unit.key, answer.text, machineLock(answer, unit.text, glossary))) continue
      changed = true
    }
    return changed
  }

  /** A catalog's answer for a unit when it is current: reviewed, or made under the glossary entries the unit's terms have now. */
  #current(catalog: Catalog, key: string, glossaryHash: string | undefined): CatalogAnswer | undefined {
    const answer = lookup(catalog, key)
    return answer && (!this.#glossary || answer.status === 'reviewed' || catalog.lock[key]?.glossary === glossaryHash) ? answer : undefined
  }

  #glossaryHash(text: string): string | undefined {
    return this.#protect?.(text, this.lang).glossaryHash
  }
}

export function writeCatalogs(localesDir: string, catalogs: readonly Catalog[]): Promise<void[]> {
  return mapInParallel(catalogs, (catalog) => writeCatalog(localesDir, catalog))
}
