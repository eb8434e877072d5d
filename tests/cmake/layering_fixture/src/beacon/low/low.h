// Fixture for the layering check's own test: a low module that includes a higher one.
#pragma once
#include "beacon/high/high.h"
