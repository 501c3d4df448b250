# Issue 7 parts 1 and 2: a bad network (faultproxy.py between ferry-cli and real
# Dovecot/Radicale) and a kill -9 soak over one mail + DAV copy.
ferry_add_fault_test(it_faults_net test_net_faults.py 900 "faults;dav")
ferry_add_fault_test(it_crash_soak test_crash_soak.py 1500 "faults;dav")
