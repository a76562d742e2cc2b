import {
  STORAGE_ELEMENT_MODE_CHANGE_SOURCES,
  STORAGE_ELEMENT_MODES,
  type StorageElementMode,
  type StorageElementModeChange,
} from '@artstore/contracts';
import { z } from 'zod';

/** How many changes the record keeps; older ones drop off (the admin's audit log keeps them all). */
export const MODE_HISTORY_LIMIT = 50;

const modeChangeSchema = z.object({
  at: z.iso.datetime(),
  from: z.enum(STORAGE_ELEMENT_MODES).nullable(),
  to: z.enum(STORAGE_ELEMENT_MODES),
  source: z.enum(STORAGE_ELEMENT_MODE_CHANGE_SOURCES),
  actor: z.string(),
  reason: z.string(),
});

/** `<data dir>/mode.json`: the effective mode, the SE_MODE seen at the last start, and recent changes. */
export const modeRecordSchema = z.object({
  schema_version: z.literal(1),
  configured_mode: z.enum(STORAGE_ELEMENT_MODES),
  mode: z.enum(STORAGE_ELEMENT_MODES),
  changed_at: z.iso.datetime(),
  history: z.array(modeChangeSchema).min(1),
});

export type ModeRecord = z.infer<typeof modeRecordSchema>;

/** What the start did to the mode: nothing, a first record, or an operator's new SE_MODE applied. */
export type ModeStartupOutcome = 'first_start' | 'configured_mode_changed' | 'unchanged';

export const CONFIG_ACTOR = 'SE_MODE';

/**
 * The SE_MODE rule (SPEC section 4): a configured mode that differs from the one recorded at the
 * previous start is an operator's deliberate change and wins; an unchanged one keeps the persisted
 * mode, even one set through the API.
 */
export function resolveStartupMode(
  persisted: ModeRecord | undefined,
  configured: StorageElementMode,
  now: Date,
): { record: ModeRecord; outcome: ModeStartupOutcome } {
  const at = now.toISOString();
  if (!persisted) {
    const change: StorageElementModeChange = {
      at,
      from: null,
      to: configured,
      source: 'initial',
      actor: CONFIG_ACTOR,
      reason: 'first start',
    };
    return {
      record: {
        schema_version: 1,
        configured_mode: configured,
        mode: configured,
        changed_at: at,
        history: [change],
      },
      outcome: 'first_start',
    };
  }
  if (persisted.configured_mode === configured) {
    return { record: persisted, outcome: 'unchanged' };
  }
  const change: StorageElementModeChange = {
    at,
    from: persisted.mode,
    to: configured,
    source: 'config',
    actor: CONFIG_ACTOR,
    reason: `SE_MODE changed from ${persisted.configured_mode} to ${configured} between starts`,
  };
  return {
    record: withChange({ ...persisted, configured_mode: configured }, change),
    outcome: 'configured_mode_changed',
  };
}

/** The record after `change`, history bounded to the newest entries. */
export function withChange(record: ModeRecord, change: StorageElementModeChange): ModeRecord {
  return {
    ...record,
    mode: change.to,
    changed_at: change.at,
    history: [...record.history, change].slice(-MODE_HISTORY_LIMIT),
  };
}
