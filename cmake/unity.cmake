# Unity builds (top-level CMakeLists.txt): files that cannot share a batch with the other
# files of their target, because they define a file-local name (anonymous namespace) that
# another file of the same target also defines (kNaN, kSeed, run...), or because they define
# a macro before including a header the batch has already included. They are compiled
# alone, as without unity. Paths are relative to the top of the source tree; a path ending
# in / takes every file under that folder. When a unity build fails with a "redefinition"
# error, add one of the two files here (sim/model files in particular: other changes are
# under way there), or give the file-local name a more specific name.
set(SPIPSIM_UNITY_ALONE
  sim/params/toml_library.cpp                      # TOML_IMPLEMENTATION before toml.hpp
  sim/experiment/outcomes/run_summary.cpp          # kNaN
  sim/experiment/outcomes/scenario_comparison.cpp  # kNaN
  sim/experiment/outcomes/site_years.cpp           # kNaN, Record
  sim/experiment/results/results_tables.cpp        # kNaN, kRowUnit
  sim/experiment/study/validation.cpp              # kNaN
  sim/serve/scenario_draft.cpp                     # problem()
  tests/cli/app/front_door_test.cpp                # Clock
  tests/cli/app/resume_test.cpp                    # Clock
  tests/unit/model/markets_graph_test.cpp          # real_world(), site_of()
  tests/unit/model/workforce_test.cpp              # kMonth
  tests/unit/outcomes/scenario_comparison_test.cpp # headline()
  tests/validation/model/                          # kSeed, kTolerance, run(), Overrides
)

# Marks the files above in the calling directory (source properties are per directory).
function(spipsim_unity_exclusions)
  get_property(targets DIRECTORY PROPERTY BUILDSYSTEM_TARGETS)
  foreach(target ${targets})
    get_target_property(srcs ${target} SOURCES)
    if(NOT srcs)
      continue()
    endif()
    foreach(src ${srcs})
      get_filename_component(src ${src} ABSOLUTE)
      file(RELATIVE_PATH rel ${CMAKE_SOURCE_DIR} ${src})
      foreach(alone ${SPIPSIM_UNITY_ALONE})
        string(FIND "${rel}" "${alone}" at)
        if(at EQUAL 0)
          set_source_files_properties(${src} PROPERTIES SKIP_UNITY_BUILD_INCLUSION ON)
        endif()
      endforeach()
    endforeach()
  endforeach()
endfunction()
