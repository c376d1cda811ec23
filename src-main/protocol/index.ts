/** The contract shared by renderer, main, host, server, CLI and engine. */
export * from './contract';
export * from './schemas';
export * from './messages';
export * from './channels';
export * from './errors';
export * from './wire';
export * from './typed-arrays';
export * from './projection';
export * from './anomalies';
export * from './datasets';
export * from './export';
export * from './features';
export * from './generate';
