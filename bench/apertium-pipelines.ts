/**
 * The two Apertium pipelines on their own (issue 15, "da + nb at once"): what running swe-dan and
 * swe-nob at once gains over one after the other on this machine, with no tolk code in the timing.
 *
 * Two inputs, each the file tolk hands `apertium -f html-noent <mode>`:
 * - the bench corpus (`bench/corpus.ts`, as `bench/languages.ts` builds it): the exact files a cold
 *   da + nb build sends, caught by running the build once with a `command` that copies its input;
 * - real Swedish prose (`../shared/testdata/swedish`, when it is there): its plain sentences,
 *   repeated to about 2,500 units, in tolk's format (a unit, then its `<hr data-tolk="n">` marker).
 *
 * For each, hyperfine times one shell running the two pipelines one after the other against one
 * running them at once (`&` and `wait`), paired, wall and CPU (user + system, with the children).
 * It also gives the cores one pipeline keeps busy on its own (CPU ÷ wall): a pipeline is a chain
 * of processes (lt-proc, cg-proc, transfer, generation), so one already runs on several cores.
 * Run: npx tsx bench/apertium-pipelines.ts [articles] [runs]   (default 1,000 articles, 5 runs; needs hyperfine)
 */
import { execFileSync } from 'node:child_process'
import { chmod, cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { existsSync, readFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeCorpus } from './corpus.ts'
import { build } from '../src/index.ts'

const count = Number(process.argv[2] ?? 1000)
const runs = Number(process.argv[3] ?? 5)
const root = join(import.meta.dirname, '..')
const prose = join(root, '..', 'shared', 'testdata', 'swedish')
const modes = { da: 'swe-dan', nb: 'swe-nob' } as const

interface Result {
  mean: number
  user: number
  system: number
}

const scratch = await mkdtemp(join(tmpdir(), 'tolk-bench-pipelines-'))
try {
  // The files a cold da + nb build of the corpus sends to Apertium.
  const corpus = join(scratch, 'corpus')
  await writeCorpus(corpus, count)
  for (const lang of ['sv', 'da', 'nb']) {
    await mkdir(join(corpus, 'locales', lang), { recursive: true })
    await cp(join(root, 'locales', lang, 'tolk.json'), join(corpus, 'locales', lang, 'tolk.json'))
  }
  await cp(join(root, 'glossary'), join(corpus, 'glossary'), { recursive: true })
  await writeFile(join(corpus, 'tolk.config.yaml'), 'targets:\n  da: { engines: [apertium] }\n  nb: { engines: [apertium] }\n')
  const caught = join(scratch, 'caught')
  await mkdir(caught)
  const wrapper = join(scratch, 'apertium-copying-input')
  // Called as `apertium -f html-noent <mode> <file>` (and `apertium -l` for the installed pairs).
  await writeFile(wrapper, `#!/bin/sh\nif [ "$1" = "-f" ]; then cp "$4" "${caught}/$3.html"; fi\nexec apertium "$@"\n`)
  await chmod(wrapper, 0o755)
  const result = await build({ cwd: corpus, languageConcurrency: 1, services: { apertium: { command: wrapper } } })
  if (result.exitCode !== 0) throw new Error(`the corpus build exited ${result.exitCode}`)
  const inputs: Array<{ name: string; files: Record<keyof typeof modes, string> }> = [{ name: `bench corpus, ${count} articles`, files: { da: join(caught, `${modes.da}.html`), nb: join(caught, `${modes.nb}.html`) } }]

  // Real prose: plain sentences of the Swedish sample files, in tolk's input format.
  if (existsSync(prose)) {
    const sentences = new Set<string>()
    for (const name of (await readdir(prose)).sort()) {
      const text = (await readFile(join(prose, name), 'utf8')).replace(/^---\n[\s\S]*?\n---\n/, '').replace(/```[\s\S]*?```/g, '')
      for (const line of text.split('\n')) {
        const plain = line.replace(/^\s*([-*+]|\d+\.)\s+/, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[*_`]/g, '')
        if (/^\s*[|#<{]/.test(line) || /[<>{}|[\]#\\]/.test(plain)) continue
        for (const sentence of plain.split(/(?<=[.!?])\s+(?=[A-ZÅÄÖ])/)) {
          const words = sentence.split(/\s+/).length
          if (/^[A-ZÅÄÖ]/.test(sentence) && words >= 5 && words <= 45 && /[a-zåäö)]\.$/.test(sentence)) sentences.add(sentence)
        }
      }
    }
    const units = Array.from({ length: Math.ceil(2500 / sentences.size) }, () => [...sentences]).flat()
    const file = join(scratch, 'prose.html')
    await writeFile(file, units.map((unit, index) => `${unit}\n<hr data-tolk="${index}">\n`).join(''))
    inputs.push({ name: `Swedish prose, ${sentences.size} sentences × ${Math.ceil(2500 / sentences.size)} = ${units.length} units`, files: { da: file, nb: file } })
  }

  const pipeline = (lang: keyof typeof modes, file: string) => `apertium -f html-noent ${modes[lang]} '${file}' > /dev/null`
  const ms = (seconds: number) => `${(seconds * 1000).toFixed(0)} ms`
  const cpu = (result: Result) => result.user + result.system
  const loads = [loadavg()[0]!]
  const lines: string[] = []
  for (const { name, files } of inputs) {
    const commands = {
      da: pipeline('da', files.da),
      nb: pipeline('nb', files.nb),
      sequential: `${pipeline('da', files.da)}; ${pipeline('nb', files.nb)}`,
      atOnce: `${pipeline('da', files.da)} & ${pipeline('nb', files.nb)}; wait`,
    }
    const json = join(scratch, 'hyperfine.json')
    execFileSync('hyperfine', ['--shell', 'sh', '--warmup', '1', '--runs', String(runs), '--export-json', json, ...Object.values(commands)], { stdio: ['ignore', 'ignore', 'inherit'] })
    const [da, nb, sequential, atOnce] = (JSON.parse(readFileSync(json, 'utf8')) as { results: Result[] }).results as [Result, Result, Result, Result]
    loads.push(loadavg()[0]!)
    lines.push(
      `${name}:`,
      `  swe-dan alone ${ms(da.mean)} wall, ${ms(cpu(da))} CPU (${(cpu(da) / da.mean).toFixed(2)} cores); swe-nob alone ${ms(nb.mean)} wall, ${ms(cpu(nb))} CPU (${(cpu(nb) / nb.mean).toFixed(2)} cores)`,
      `  one after the other ${ms(sequential.mean)} wall, ${ms(cpu(sequential))} CPU; at once ${ms(atOnce.mean)} wall, ${ms(cpu(atOnce))} CPU`,
      `  wall ratio (at once / one after the other): ${(atOnce.mean / sequential.mean).toFixed(2)}×`,
    )
  }
  console.log(`Apertium pipelines alone, mean of ${runs} runs; load average ${loads.map((load) => load.toFixed(1)).join(' → ')}`)
  for (const line of lines) console.log(line)
} finally {
  await rm(scratch, { recursive: true, force: true })
}
