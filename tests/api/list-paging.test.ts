/** The dashboard and my-work page like the case list: a page, the total, and where the next page starts. */
import type { RunningApi } from '../support/api';
import type { Database } from '../../prisma/client';
import { seedCase, startAccessApi } from './support';

let api: RunningApi;
let db: Database;
beforeAll(async () => {
  ({ api, db } = await startAccessApi());
  for (let i = 1; i <= 5; i++) await seedCase(db, `PAGE-2026-0${i}`);
});
afterAll(async () => {
  await api.close();
  await db.$disconnect();
});

test.each(['/api/dashboard', '/api/my-work'])('%s in pages of two gives every item once, in order, and says where the next page starts', async (path) => {
  const whole = await api.request('GET', `${path}?limit=100`);
  const all = (whole.body.items as { reference: string }[]).map((i) => i.reference);
  expect(all.filter((r) => r.startsWith('PAGE-'))).toHaveLength(5);
  const seen: string[] = [];
  let offset: number | null = 0;
  while (offset !== null) {
    const r = await api.request('GET', `${path}?limit=2&offset=${offset}`);
    expect([r.status, r.body.total, r.body.offset]).toEqual([200, all.length, offset]);
    const items = (r.body.items as { reference: string }[]).map((i) => i.reference);
    expect(items.length).toBeLessThanOrEqual(2);
    seen.push(...items);
    offset = r.body.nextOffset as number | null;
  }
  expect(seen).toEqual(all);
});

test.each(['/api/dashboard?offset=-1', '/api/my-work?offset=x', '/api/my-work?page=2'])('%s is refused naming the parameter', async (path) => {
  const r = await api.request('GET', path);
  expect(r.status).toBe(400);
  expect(JSON.stringify(r.body)).toContain(path.split('?')[1]!.split('=')[0]);
});
