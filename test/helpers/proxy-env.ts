/** Runs with the proxy variables set as given (both cases of the others unset), restoring the environment afterwards. */
export async function withProxyEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
	const names = ['http_proxy', 'https_proxy', 'all_proxy', 'no_proxy'].flatMap(name => [name, name.toUpperCase()]);
	const saved = new Map(names.map(name => [name, process.env[name]]));
	for (const name of names) {
		delete process.env[name];
	}

	Object.assign(process.env, vars);
	try {
		return await fn();
	} finally {
		for (const [name, value] of saved) {
			if (value === undefined) {
				delete process.env[name];
			} else {
				process.env[name] = value;
			}
		}
	}
}
