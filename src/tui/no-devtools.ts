// Stands in for react-devtools-core in the bundle: ink imports it only when DEV=true, but a bundler
// must resolve every import, and keyless does not ship React's devtools.
export default { initialize(): void {}, connectToDevTools(): void {} };
