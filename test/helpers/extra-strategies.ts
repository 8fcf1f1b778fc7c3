import pMap from 'p-map';
import {openImageJobs} from '../../source/engine/image-jobs.js';
import type {Strategy} from '../../source/strategies/types.js';
import {testRegistry} from './race.js';

/** Every image, `slots` at a time, in list order: all a layout test needs of a strategy. */
const runInOrder: Strategy['run'] = async (spec, context) => {
	const jobs = await openImageJobs(spec, context);
	try {
		await pMap(spec.urls.map((_url, index) => index), async index => jobs.run(index), {concurrency: spec.slots});
	} finally {
		jobs.close();
	}
};

/**
 * Two strategies that exist only in tests, titled as long as the real third and fourth are likely to
 * be, so the live UI can be laid out with four panels. Digit keys: no real strategy will take them.
 */
export const extraStrategies: readonly Strategy[] = [
	{name: 'test-threads', title: 'Test threads', key: '3', role: 'workers', slots: (asked, count) => Math.max(1, Math.min(asked || count, count)), run: runInOrder},
	{name: 'test-processes', title: 'Test processes', key: '4', role: 'workers', slots: (asked, count) => Math.max(1, Math.min(asked || 2, count)), run: runInOrder},
];

/** The built-in strategies and the extra ones, as a race with four panels would have them. */
export const extraRegistry = testRegistry(extraStrategies);
