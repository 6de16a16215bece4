/** The figure-spec vocabulary lives in src/spec (a dependency-free bottom layer); viz renders it. */
export * from '../spec/figure.js';
