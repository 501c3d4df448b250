# Server-side refusals (issue 7 part 3): over quota / HTTP 507, a folder or
# collection name the target refuses, a message over the size limit, a read-only
# target folder, vanished source folders, a renumbered target folder, a source
# folder that suddenly looks empty. Included by tests/faults/CMakeLists.txt.
ferry_add_fault_test(it_refusals_mail test_refusals_mail.py 600 "faults")
ferry_add_fault_test(it_refusals_dav test_refusals_dav.py 600 "faults;dav")
