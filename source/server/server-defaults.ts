/** The server reads its defaults from the one table (source/defaults.ts); this keeps its imports local. */
export {serverDefaults} from '../defaults.js';
