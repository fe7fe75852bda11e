// The Bloch module: see docs/ARCHITECTURE.md. Work in progress on this branch.
