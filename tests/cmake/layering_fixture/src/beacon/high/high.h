// Fixture for the layering check's own test: a declared edge (high -> low) is fine.
#pragma once
#include "beacon/low/low.h"
