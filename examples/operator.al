# EdgeNode example: an operator node (it hosts data) of a network on one machine (127.0.0.1).
#
# It syncs the ledger from the master, publishes its cluster and operator policies to the master, and connects
# the database its data goes to. Start the master first (examples/master.al).
#
#   dotnet src/EdgeNode/bin/Release/net10.0/edgenode.dll --home /tmp/edgenode/operator1 process examples/operator.al
#
# A second operator on the same machine needs its own name, cluster and ports:
#   ... --home /tmp/edgenode/operator2 "set node name operator2" "cluster_name = cluster2" "operator_port = 32158" \
#       "operator_rest_port = 32159" process examples/operator.al

# ---- settings (kept when already set; a node is called edgenode until it is named) ----
if !node_name == edgenode then set node name operator1
if not !company_name then company_name = "My Company"
if not !cluster_name then cluster_name = cluster1
if not !operator_port then operator_port = 32148
if not !operator_rest_port then operator_rest_port = 32149
if not !ledger_conn then ledger_conn = 127.0.0.1:32048
if not !sync_time then sync_time = 5 seconds
if not !default_dbms then default_dbms = new_company
create work directories

# ---- the config policy: TCP and REST servers on 127.0.0.1, the databases, and the synchronizer ----
<config_policy = {"config": {
    "name": "operator-configs",
    "company": !company_name,
    "node_type": "operator",
    "ip": "127.0.0.1",
    "local_ip": "127.0.0.1",
    "port": "!operator_port.int",
    "rest_port": "!operator_rest_port.int",
    "tcp_bind": true,
    "rest_bind": true,
    "script": [
        "connect dbms almgm where type = sqlite",
        "create table tsd_info where dbms = almgm",
        "connect dbms !default_dbms where type = sqlite",
        "run blockchain sync where source = master and time = !sync_time and dest = file and connection = !ledger_conn"
    ]
}}>

# the config policy goes to the local ledger first; the first sync pushes it to the master like every local policy
config_id = blockchain get id !config_policy
is_config = blockchain get config where id = !config_id bring [config][id]
if not !is_config then blockchain insert where policy = !config_policy and local = true
config from policy where id = !config_id
wait 10 for sync

# ---- the cluster (created by the first operator that names it) ----
<cluster_policy = {"cluster": {
    "company": !company_name,
    "name": !cluster_name
}}>
cluster_id = blockchain get id !cluster_policy
is_cluster = blockchain get cluster where id = !cluster_id bring [cluster][id]
if not !is_cluster then blockchain insert where policy = !cluster_policy and local = true and master = !ledger_conn

# ---- the operator's policy: how peers and queries reach it ----
<operator_policy = {"operator": {
    "name": !node_name,
    "company": !company_name,
    "ip": "127.0.0.1",
    "local_ip": "127.0.0.1",
    "port": !operator_port.int,
    "rest_port": !operator_rest_port.int,
    "cluster": !cluster_id,
    "main": true
}}>
operator_id = blockchain get id !operator_policy
is_operator = blockchain get operator where id = !operator_id bring [operator][id]
if not !is_operator then blockchain insert where policy = !operator_policy and local = true and master = !ledger_conn

# ---- loading data: the streamer flushes buffered rows, the operator loads data files into !default_dbms ----
set buffer threshold where time = 5 seconds and volume = 1MB
run streamer
run operator where create_table = true and update_tsd_info = true and archive_json = true and master_node = !ledger_conn and policy = !operator_id and threads = 2

echo Operator !node_name is up: TCP 127.0.0.1:!operator_port, REST 127.0.0.1:!operator_rest_port, cluster !cluster_name, master !ledger_conn
get processes
