# An EdgeLake operator for the interop tests: run by the peer's run-node.sh (Peers/EdgeLakeNode.cs) after a script that sets
# node_name_v, company_name, cluster_name, tcp_port, rest_port, ledger_conn, default_dbms and sync_time.
# It joins the EdgeNode master's network as EdgeLake's deployment scripts do (cluster and operator policies published
# with 'blockchain prepare policy' + 'blockchain insert'), then loads data PUT to its REST server.
set node name !node_name_v
create work directories
run tcp server where external_ip = 127.0.0.1 and external_port = !tcp_port and internal_ip = 127.0.0.1 and internal_port = !tcp_port and bind = true and threads = 3
run rest server where external_ip = 127.0.0.1 and external_port = !rest_port and internal_ip = 127.0.0.1 and internal_port = !rest_port and bind = true and timeout = 30
connect dbms almgm where type = sqlite
create table tsd_info where dbms = almgm
connect dbms !default_dbms where type = sqlite
run blockchain sync where source = master and time = !sync_time and dest = file and connection = !ledger_conn
wait 20 for sync
<cluster_policy = {"cluster": {
"company": !company_name, "name": !cluster_name}}>
blockchain prepare policy !cluster_policy
blockchain insert where policy = !cluster_policy and local = true and master = !ledger_conn
cluster_id = from !cluster_policy bring [cluster][id]
<operator_policy = {"operator": {
"name": !node_name_v, "company": !company_name, "ip": "127.0.0.1", "local_ip": "127.0.0.1", "port": !tcp_port.int,
"rest_port": !rest_port.int, "cluster": !cluster_id, "main": true}}>
blockchain prepare policy !operator_policy
blockchain insert where policy = !operator_policy and local = true and master = !ledger_conn
operator_id = from !operator_policy bring [operator][id]
set buffer threshold where time = 1 second and volume = 1MB
run streamer
run operator where create_table = true and update_tsd_info = true and archive_json = true and master_node = !ledger_conn and policy = !operator_id and threads = 2
echo EdgeLake operator !node_name_v is up
