export * from './files';
export * from './health';
export * from './http-headers';
export * from './identity';
export * from './problem-details';
export * from './services';
export * from './storage-elements';
