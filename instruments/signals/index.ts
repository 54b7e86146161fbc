/** Drop-out-risk signals (`dropout-risk@1`), expected trajectories, calibration and change. */
export * from './calibration';
export * from './change';
export * from './config';
export * from './expected';
export * from './rules';
export * from './texts';
export * from './types';
