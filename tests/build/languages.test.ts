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
