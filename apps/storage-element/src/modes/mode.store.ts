import path from 'node:path';
import type { StorageElementMode, StorageElementModeChange } from '@artstore/contracts';
import { readFileIfPresent, writeJsonFileDurably } from '../element-identity/durable-json-file';
import { assertTransitionAllowed } from './mode-policy';
import {
  modeRecordSchema,
  resolveStartupMode,
  withChange,
  type ModeRecord,
  type ModeStartupOutcome,
} from './mode-record';

export const MODE_FILE = 'mode.json';

/** The mode record is unreadable: the element refuses to start rather than guess its mode. */
export class ModeRecordUnreadableError extends Error {
  constructor(file: string, reason: string) {
    super(
      `${file} is not a valid mode record (${reason}): restore it from a backup, or remove it to start ` +
        'again from SE_MODE (the mode set through the API is then lost).',
    );
    this.name = 'ModeRecordUnreadableError';
  }
}

/**
 * The element's mode, persisted in its data directory (written atomically, durable before it is
 * answered) so that it survives restarts. Changes are serialised: each sees the previous one's result.
 */
export class ModeStore {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly file: string,
    private current: ModeRecord,
    readonly startupOutcome: ModeStartupOutcome,
  ) {}

  /** Reads the record and applies the SE_MODE rule for this start, persisting its result. */
  static async open(
    dataDirectory: string,
    configured: StorageElementMode,
    now = new Date(),
  ): Promise<ModeStore> {
    const file = path.join(dataDirectory, MODE_FILE);
    const text = await readFileIfPresent(file);
    const persisted = text === undefined ? undefined : parseModeRecord(file, text);
    const { record, outcome } = resolveStartupMode(persisted, configured, now);
    if (outcome !== 'unchanged') {
      await writeJsonFileDurably(file, record);
    }
    return new ModeStore(file, record, outcome);
  }

  get record(): ModeRecord {
    return this.current;
  }

  get mode(): StorageElementMode {
    return this.current.mode;
  }

  /** Applies an API transition once it is durable; refuses one the mode table does not allow. */
  changeByApi(to: StorageElementMode, reason: string, actor: string, now = new Date()): Promise<ModeRecord> {
    const next = this.queue.then(async () => {
      assertTransitionAllowed(this.current.mode, to);
      const change: StorageElementModeChange = {
        at: now.toISOString(),
        from: this.current.mode,
        to,
        source: 'api',
        actor,
        reason,
      };
      const record = withChange(this.current, change);
      await writeJsonFileDurably(this.file, record);
      this.current = record;
      return record;
    });
    this.queue = next.catch(() => undefined);
    return next;
  }
}

function parseModeRecord(file: string, text: string): ModeRecord {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ModeRecordUnreadableError(file, 'not JSON');
  }
  const result = modeRecordSchema.safeParse(json);
  if (!result.success) {
    const issues = result.error.issues.map(
      (issue) => `${issue.path.join('.') || 'record'}: ${issue.message}`,
    );
    throw new ModeRecordUnreadableError(file, issues.join('; '));
  }
  return result.data;
}
