/** Language tags of interchange files against the config's targets. */

/** Primary language subtag, lower case: `fr-CA` → `fr`, `EN-US` → `en`. */
export function primaryLang(tag: string): string {
  return tag.trim().toLowerCase().split(/[-_]/)[0] ?? ''
}

/** The config's target a tag stands for: itself (`en-gb`, any case), else its primary subtag (`fr-CA` → `fr`). */
export function configuredTarget(targets: readonly string[], tag: string): string | undefined {
  const lower = tag.trim().toLowerCase()
  return targets.find((lang) => lang.toLowerCase() === lower) ?? targets.find((lang) => lang.toLowerCase() === primaryLang(tag))
}
