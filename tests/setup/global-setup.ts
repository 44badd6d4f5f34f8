/** Once per `npm test`: make sure both Temporal servers are installed before suites race for them. */
import { temporalCli, timeSkippingServer } from '../../scripts/temporal-tools';
import { postgresAvailability } from '../support/postgres';

export default async function globalSetup(): Promise<void> {
  const cli = temporalCli({ allowDownload: true });
  const testServer = timeSkippingServer({ allowDownload: true });
  process.env.TEMPORAL_CLI_PATH ??= cli.type === 'existing-path' ? cli.path : '';
  process.env.TEMPORAL_TEST_SERVER_PATH ??= testServer.type === 'existing-path' ? testServer.path : '';
  if (!process.env.TEMPORAL_CLI_PATH) delete process.env.TEMPORAL_CLI_PATH;
  if (!process.env.TEMPORAL_TEST_SERVER_PATH) delete process.env.TEMPORAL_TEST_SERVER_PATH;
  const pg = await postgresAvailability();
  if (!pg.available) {
    const message = `PostgreSQL is not reachable at ${pg.url} (${pg.reason}); the PostgreSQL variants of the tests are skipped. bash .ci/run installs and starts it; or set TEST_POSTGRES_URL.`;
    if (process.env.REQUIRE_POSTGRES === '1') throw new Error(message);
    process.stderr.write(`\n*** ${message}\n`);
  }
}
