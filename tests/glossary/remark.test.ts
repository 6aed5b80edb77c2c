import { describe, expect, it } from 'vitest'
import { markdownProcessor } from '../../src/document/parse.ts'
import { remarkGlossary } from '../../src/glossary/index.ts'
import { repoPatterns, testGlossary } from './helpers.ts'

describe('remarkGlossary', () => {
  it('reports each term with its place and never looks into inline code or link destinations', async () => {
    const file = await markdownProcessor().use(remarkGlossary, { glossary: testGlossary() }).process('Om ICE:s\n[rekryteringskampanjen](https://www.ice.gov/ICE) och `ICE`.\n')
    expect(file.messages.map((message) => `${message.line}:${message.column} ${message.ruleId} ${message.reason}`)).toEqual([
      '1:4 glossary-term Glossary term `ICE:s` (`ice`)',
      '2:2 glossary-term Glossary term `rekryteringskampanjen` (`rekryteringskampanj`)',
    ])
  })

  it('puts in the approved target forms when given a language', async () => {
    const patterns = await repoPatterns()
    const file = await markdownProcessor().use(remarkGlossary, { glossary: testGlossary(), lang: 'nb', patterns: patterns.nb }).process('ICE:s rekryteringskampanjerna och `ICE`.\n')
    expect(String(file)).toBe('ICEs rekrutteringskampanjene och `ICE`.\n')
  })
})
