"""The shared kernel: code every app uses and no app owns. It imports no app of this project and no DRF."""
