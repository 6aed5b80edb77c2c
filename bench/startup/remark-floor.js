// The floor for a one-article run: a plain Node script that imports unified + remark-parse, -gfm,
// -frontmatter and -stringify and round-trips the article three times (one per target language).
import { readFileSync } from 'node:fs'
import { unified } from 'unified'
import remarkParse from 'remark-parse'
import remarkGfm from 'remark-gfm'
import remarkFrontmatter from 'remark-frontmatter'
import remarkStringify from 'remark-stringify'

const text = readFileSync(process.argv[2], 'utf8')
const processor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']).use(remarkStringify)
for (let round = 0; round < 3; round++) processor.stringify(processor.runSync(processor.parse(text)))
