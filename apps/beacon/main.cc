// The `beacon` executable: everything is in cli.cc so that tests can run it in-process.
#include <iostream>
#include <string>
#include <vector>

#include "cli.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv, argv + argc);
  return beacon::cli::RunBeacon(args, std::cout, std::cerr);
}
