import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { makeProject } from '../helpers/project.ts'
import { runCli } from '../helpers/cli.ts'

/** A machine that cannot take the output is an environment problem: a message with the path, exit 2, no stack trace. */

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

describe('environment failures', () => {
  test('an output folder that cannot be made (a file stands in its way) gives exit 2 with the path and no stack', async () => {
    const made = await makeProject({ 'tolk.config.yaml': 'targets:\n  en: { engines: [identity] }\n', 'articles/a.sv.md': '# Rubrik\n\nEn mening.\n' })
    cleanups.push(made.cleanup)
    await writeFile(join(made.dir, 'dist'), 'a file, not a folder\n')
    const run = await runCli(['build'], made.dir)
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /)
    expect(run.stderr).toMatch(/^tolk: cannot write dist\/editions\/en\/a\.md: a parent is not a folder \(ENOTDIR\)$/m)
    expect(run.code).toBe(2)
  })

  test('a catalog folder that cannot be made gives exit 2 with the path and no stack', async () => {
    const made = await makeProject({ 'tolk.config.yaml': 'targets:\n  en: { engines: [identity] }\n', 'articles/a.sv.md': '# Rubrik\n\nEn mening.\n' })
    cleanups.push(made.cleanup)
    await writeFile(join(made.dir, 'locales', 'en', 'articles'), 'a file, not a folder\n')
    const run = await runCli(['build'], made.dir)
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /)
    expect(run.stderr).toMatch(/locales\/en\/articles/)
    expect(run.code).toBe(2)
  })
})
