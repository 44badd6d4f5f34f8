/** Recorded workflow histories as JSON files: the replay corpus under tests/replay/histories. */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

export const HISTORIES_DIR = join(__dirname, '..', 'replay', 'histories');

type History = temporal.api.history.v1.IHistory;

/** The SDK's historyFromJSON trips over a second protobufjs copy here; fromObject reads the same JSON. */
export function loadHistory(file: string): History {
  return temporal.api.history.v1.History.fromObject(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>);
}

export function historyFiles(): { name: string; file: string }[] {
  return readdirSync(HISTORIES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ name: f.replace(/\.json$/, ''), file: join(HISTORIES_DIR, f) }));
}

/**
 * Writes a new history to the corpus. An existing file is never overwritten: the recorder runs every
 * path with today's code, and a history recorded by earlier code (a version behind `patched()`) is
 * the very thing the corpus must keep. Returns the file, and whether it was written.
 */
export function saveHistory(name: string, history: Awaited<ReturnType<WorkflowHandle['fetchHistory']>>): { file: string; written: boolean } {
  const file = join(HISTORIES_DIR, `${name}.json`);
  if (existsSync(file)) return { file, written: false };
  writeFileSync(file, `${JSON.stringify(history)}\n`);
  return { file, written: true };
}
