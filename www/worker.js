// Starts the app's own wasm inside a module worker (see src/bin/app/worker.rs), so reading
// a package never freezes the page. The page's first message names the hashed files.
self.addEventListener(
  'message',
  async (event) => {
    const { default: init } = await import(event.data.js);
    await init({ module_or_path: event.data.wasm });
  },
  { once: true },
);
