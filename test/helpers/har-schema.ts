import {createRequire} from 'node:module';

const require = createRequire(import.meta.url);

type Validate = ((data: unknown) => boolean) & {errors?: unknown};

/**
 * A validator of HAR 1.2 documents: ajv (with its date-time and uri formats) over har-schema's JSON
 * schemas, the ones har-validator uses. The schemas are draft-06 and use a `min` keyword that is not
 * JSON Schema, hence strict mode off.
 */
export function harValidator(): Validate {
	const Ajv = require('ajv') as new (options: object) => {addMetaSchema(schema: object): void; addSchema(schema: object): void; getSchema(id: string): Validate | undefined};
	const addFormats = require('ajv-formats') as (ajv: object) => void;
	const schemas = require('har-schema') as Record<string, object>;
	const ajv = new Ajv({strict: false, allErrors: true});
	addFormats(ajv);
	ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json') as object);
	for (const schema of Object.values(schemas)) {
		ajv.addSchema(schema);
	}

	return ajv.getSchema('har.json#')!;
}
