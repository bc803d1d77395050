/**
 * Loads Stryker's tap-runner hook in a test process's main thread only. Node hands `-r` preloads
 * to worker threads too (the Salesforce libraries' logger starts one during a metadata deploy),
 * and a worker's copy of the hook writes its empty coverage over the main thread's at exit
 * (both name the file after the same process id), so every mutant looked uncovered.
 */
'use strict';
const { isMainThread } = require('node:worker_threads');

if (isMainThread) require(process.env.STRYKER_TAP_HOOK);
