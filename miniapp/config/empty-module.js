// Stands in for a polyfill the H5 build does not need (see h5-loading.ts).
