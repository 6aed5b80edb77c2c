import { chmod, readFile, readdir, writeFile } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { build, type BuildEvent } from '../../src/commands/build.ts'
import { filesUnder, makeProject, repoRoot } from '../helpers/project.ts'

const seed = await readFile(join(repoRoot, 'articles', 'spotify-ice-annonser.sv.md'), 'utf8')

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

/**
 * The real `apertium`, behind a script that marks when its language starts and waits (up to 30 s)
 * for the other language's process to start too before it translates: each process records
 * whether it saw the other one running.
 */
async function meetingApertium(dir: string): Promise<string> {
  const script = join(dir, 'apertium-meeting.sh')
  await writeFile(
    script,
    `#!/bin/sh
mode="$3"
case "$mode" in swe-dan) other=swe-nob ;; *) other=swe-dan ;; esac
touch "${dir}/started-$mode"
i=0
while [ ! -e "${dir}/started-$other" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
[ -e "${dir}/started-$other" ] && touch "${dir}/met-$mode"
exec apertium "$@"
`,
  )
  await chmod(script, 0o755)
  return script
}

describe('Languages of one build', () => {
  it.skipIf(availableParallelism() < 2)('run at once: the da and nb Apertium processes run at the same time, and the events still come out language by language', async () => {
    const made = await makeProject({ 'tolk.config.yaml': 'targets:\n  da: { engines: [apertium] }\n  nb: { engines: [apertium] }\n', 'articles/spotify-ice-annonser.sv.md': seed })
    cleanups.push(made.cleanup)
    const events: BuildEvent[] = []
    const result = await build({ cwd: made.dir, services: { apertium: { command: await meetingApertium(made.dir) } }, onEvent: (event) => events.push(event) })
    expect(result.exitCode).toBe(0)
    expect((await readdir(made.dir)).filter((name) => name.startsWith('met-')).sort()).toEqual(['met-swe-dan', 'met-swe-nob'])
    const languages = events.flatMap((event) => ('lang' in event ? [event.lang] : []))
    expect(languages).toEqual([...languages].sort())
    expect(new Set(languages)).toEqual(new Set(['da', 'nb']))
    expect(result.report.articles[0]!.editions.map((edition) => edition.lang)).toEqual(['da', 'nb'])
  })
})

describe('A build of languages at once', () => {
  it('writes the same editions, catalogs and report, byte for byte, as a build of one language after the other', async () => {
    const files = {
      'tolk.config.yaml': 'targets:\n  en: { engines: [pseudo] }\n  da: { engines: [apertium] }\n  nb: { engines: [apertium] }\n',
      'articles/spotify-ice-annonser.sv.md': seed,
      'articles/kort.sv.md': '---\ntitle: Kort\n---\n\n# Kort artikel\n\nSpotify säger att annonserna har tagits bort.\n',
    }
    const atOnce = await makeProject(files)
    const oneByOne = await makeProject(files)
    cleanups.push(atOnce.cleanup, oneByOne.cleanup)
    const results = [await build({ cwd: atOnce.dir }), await build({ cwd: oneByOne.dir, languageConcurrency: 1 })]
    expect(results.map((result) => result.exitCode)).toEqual([0, 0])
    expect(results[0]!.report).toEqual(results[1]!.report)
    for (const folder of ['dist', 'locales']) {
      const [a, b] = [await filesUnder(join(atOnce.dir, folder)), await filesUnder(join(oneByOne.dir, folder))]
      expect(Object.keys(a).length).toBeGreaterThan(6)
      expect(a).toEqual(b)
    }
  })
})

describe('A build of languages in worker threads', () => {
  const files = {
    'tolk.config.yaml': 'targets:\n  en: { engines: [pseudo] }\n  da: { engines: [apertium] }\n  nb: { engines: [apertium] }\n',
    'articles/spotify-ice-annonser.sv.md': seed,
    // A warning (an unbalanced quotation mark), told once however many languages are built.
    'articles/kort.sv.md': '---\ntitle: Kort\n---\n\n# Kort artikel\n\nSpotify säger att annonserna har tagits bort.\n\nHan sa: ”Det här är inte rätt.\n',
    // Refused: its front matter is not YAML.
    'articles/trasig.sv.md': '---\ntitle: [Trasig\n---\n\nText.\n',
  }

  it('writes the same editions, catalogs and report, byte for byte, and tells the same events, as a build of one language after the other, also when an article changed since the last build', async () => {
    const inThreads = await makeProject(files)
    const oneByOne = await makeProject(files)
    cleanups.push(inThreads.cleanup, oneByOne.cleanup)
    const events: BuildEvent[][] = [[], []]
    const twice = async (changed: boolean) => {
      if (changed) {
        for (const dir of [inThreads.dir, oneByOne.dir]) await writeFile(join(dir, 'articles', 'kort.sv.md'), files['articles/kort.sv.md'].replace('har tagits bort', 'finns kvar'))
      }
      events[0]!.length = events[1]!.length = 0
      return [
        await build({ cwd: inThreads.dir, languageWorkers: true, onEvent: (event) => events[0]!.push(event) }),
        await build({ cwd: oneByOne.dir, languageConcurrency: 1, onEvent: (event) => events[1]!.push(event) }),
      ]
    }
    for (const changed of [false, true]) {
      const results = await twice(changed)
      expect(results.map((result) => result.exitCode)).toEqual([2, 2])
      expect(events[0]!.filter((event) => event.type === 'note').map((event) => (event as { text: string }).text)).toEqual(['en, da, nb: each language read and built in a thread of its own, 2 at once'])
      expect(events[0]!.filter((event) => event.type !== 'note')).toEqual(events[1])
      expect(events[1]!.filter((event) => event.type === 'problem').map((event) => (event as { problem: { ruleId?: string } }).problem.ruleId).sort()).toEqual(['frontmatter', 'quote-unbalanced'])
      expect(results[0]!.report).toEqual(results[1]!.report)
      expect(results[0]!.summary).toEqual(results[1]!.summary)
      for (const folder of ['dist', 'locales']) {
        const [a, b] = [await filesUnder(join(inThreads.dir, folder)), await filesUnder(join(oneByOne.dir, folder))]
        expect(Object.keys(a).length).toBeGreaterThan(6)
        expect(a).toEqual(b)
      }
    }
  })
})
