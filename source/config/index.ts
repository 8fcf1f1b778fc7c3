// The command line: the flag table (flags.ts), argv reading, option parsing into a RaceConfig or ServeConfig, and the checks of the files and folders it names.
export {parseArgv, type ParsedArgv} from './argv.js';
export {helpText, flagSpecs, type Command, type FlagName} from './flags.js';
export {parseRaceConfig, parseServeConfig} from './parse-options.js';
export type {ClientFlags, Mode, RaceConfig, RawFlags, ServeConfig, ServerSettings} from './race-config.js';
export {UsageError} from './usage-error.js';
export {loadUrlList} from './url-file.js';
export {loadCaFile} from './ca-file.js';
export {checkOutDir, makeFolder} from './out-folder.js';
