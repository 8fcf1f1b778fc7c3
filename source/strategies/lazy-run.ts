import type {RunContext, RunSpec, Strategy} from './types.js';

/**
 * A strategy's `load` and `run` over one dynamic import: listing the strategies (--help, --mode) imports
 * none of the code they run, and `load` lets the controller import it before the run's clock starts.
 */
export function lazyRun<Module>(importer: () => Promise<Module>, run: (module: Module, spec: RunSpec, context: RunContext) => ReturnType<Strategy['run']>): Pick<Strategy, 'load' | 'run'> {
	return {
		async load() {
			await importer();
		},
		async run(spec, context) {
			return run(await importer(), spec, context);
		},
	};
}
