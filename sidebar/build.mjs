// Placeholder replaced by the sidebar build.
export async function buildSidebar() {
  return '<!doctype html><title>Payments Sync</title>';
}
