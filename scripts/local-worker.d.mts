export function startLocalWorker(options: { name: string; adminToken: string }): Promise<{ url: string; dispose(): Promise<void> }>
