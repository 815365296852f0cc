/**
 * The `xspos` command: JSON on stdout; on bad input, exit status 2 and
 * `{"error":{"code":"...","message":"..."}}`. See run.ts.
 */
import { runXspos } from "./run.ts";

const outcome = await runXspos(process.argv.slice(2));
process.stdout.write(outcome.stdout);
process.exitCode = outcome.status;
