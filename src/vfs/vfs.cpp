// Placeholder until the vfs lands.
