/** The public surface of the pure instrument library. */
export * from './check-definition';
export * from './definition-schema';
export * from './measurement-plan';
export * from './registry';
export * from './score';
export * from './semver';
export * from './signals';
export * from './skip-rules';
export * from './validate-answers';
export * from './version-changes';
