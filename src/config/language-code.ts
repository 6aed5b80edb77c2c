import * as z from 'zod'

/** A BCP 47-style language code as the config writes it: `en`, `da`, `nb`, `pt-BR`. */
export const languageCode = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'Expected a language code such as `en`, `da` or `nb`')
