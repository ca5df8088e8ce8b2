# An EdgeLake node with schedulers for the interop tests: run after a script that sets node_name_v, tcp_port and
# rest_port. The lines after the servers are what SchedulerInteropTests also runs on an EdgeNode node (SchedulerLines).
set node name !node_name_v
create work directories
run tcp server where external_ip = 127.0.0.1 and external_port = !tcp_port and internal_ip = 127.0.0.1 and internal_port = !tcp_port and bind = true
run rest server where external_ip = 127.0.0.1 and external_port = !rest_port and internal_ip = 127.0.0.1 and internal_port = !rest_port and bind = true and timeout = 20
connect dbms sched where type = sqlite
archive_delete = 30
run scheduler 1
schedule time = 1 second and name = "One Second" task echo tick
schedule time = 1 hour and name = later and start = +1d task echo later
schedule name = remove_archive and time = 1 day and task delete archive where days = !archive_delete
run scheduler 2
schedule time = 1 hour and name = "Drop Partitions" and scheduler = 2 task drop partition where dbms = !default_dbms and table = !table_name and keep = !partition_keep
set streaming condition where dbms = test and table = rand_data if [value] > 10 then echo high
set streaming condition where dbms = test and table = rand_data and limit = 2 if [value] < -10 then echo low
echo EdgeLake scheduler node !node_name_v is up
