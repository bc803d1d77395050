import { runAnonymous } from './test/apex/harness.ts';
for (const src of process.argv.slice(2)) console.log(JSON.stringify(runAnonymous(src)));
