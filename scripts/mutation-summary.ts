/**
 * `node scripts/mutation-summary.ts [module...]`: the score lines of `npm run test:mutation` again,
 * from the reports in reports/mutation, without running anything.
 */
import { mutationModules } from './mutation/modules.ts';
import { printMutationSummary } from './mutation/summary.ts';

const wanted = process.argv.slice(2);
const names = wanted.length > 0 ? wanted : mutationModules.map((m) => m.name);
printMutationSummary(names);
