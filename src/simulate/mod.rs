//! Import simulation.
