// The Quantification module: see docs/ARCHITECTURE.md. Work in progress on this branch.
