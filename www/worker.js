// Starts the app's own wasm inside a module worker (see src/bin/app/worker.rs), so reading
// a package never freezes the page. The page passes the hashed file names in the query.
const params = new URL(self.location.href).searchParams;
const { default: init } = await import(params.get('js'));
await init({ module_or_path: params.get('wasm') });
