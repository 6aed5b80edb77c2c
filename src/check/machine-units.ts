import type { Catalog } from '../catalog/store.ts'

/**
 * Whether a unit's translation in an article's catalog is a machine one: its lock entry does not
 * say reviewed, or it has no lock entry and no translation. With no catalog, every unit counts.
 */
export function machineUnits(catalog: Catalog | undefined): (key: string) => boolean {
  return (key) => (!catalog || key in catalog.lock ? catalog?.lock[key]?.status !== 'reviewed' : !(key in catalog.entries))
}
