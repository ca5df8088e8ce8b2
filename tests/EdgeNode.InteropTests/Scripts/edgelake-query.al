# An EdgeLake query node for the interop tests: run after a script that sets node_name_v, company_name, tcp_port,
# rest_port, ledger_conn and sync_time. It keeps the in-memory system_query database and publishes its query policy.
set node name !node_name_v
create work directories
run tcp server where external_ip = 127.0.0.1 and external_port = !tcp_port and internal_ip = 127.0.0.1 and internal_port = !tcp_port and bind = true and threads = 3
run rest server where external_ip = 127.0.0.1 and external_port = !rest_port and internal_ip = 127.0.0.1 and internal_port = !rest_port and bind = true and timeout = 30
connect dbms system_query where type = sqlite and memory = true
run blockchain sync where source = master and time = !sync_time and dest = file and connection = !ledger_conn
wait 20 for sync
<query_policy = {"query": {
"name": !node_name_v, "company": !company_name, "ip": "127.0.0.1", "local_ip": "127.0.0.1", "port": !tcp_port.int,
"rest_port": !rest_port.int}}>
blockchain prepare policy !query_policy
blockchain insert where policy = !query_policy and local = true and master = !ledger_conn
echo EdgeLake query node !node_name_v is up
