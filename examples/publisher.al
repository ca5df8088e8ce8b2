# EdgeNode example: a publisher node of a network on one machine (127.0.0.1).
#
# A publisher sits where data enters and keeps no database: rows PUT to its REST server, or published to an MQTT broker
# it subscribes to, are buffered by its streamer into data files, and the publisher ships each file to an operator that
# hosts the file's table (docs/publisher.md). It syncs the ledger from the master to know which clusters host which
# tables. Start the master and the operators first (examples/master.al, examples/operator.al).
#
#   dotnet src/EdgeNode/bin/Release/net10.0/edgenode.dll --home /tmp/edgenode/publisher process examples/publisher.al
#
# A table is shipped once a cluster hosts it: an operator that loaded rows of it has published that, or a cluster policy
# names it, e.g. on the master (a child named like its parent cluster: EdgeLake nodes refuse one cluster id under two names):
#   <child = {"cluster": {"parent": "<cluster id>", "company": "My Company", "name": "cluster1",
#             "table": [{"dbms": "new_company", "name": "ping_sensor"}]}}>
#   blockchain insert where policy = !child and local = true and master = !ledger_conn

# ---- settings (kept when already set; a node is called edgenode until it is named) ----
if !node_name == edgenode then set node name publisher
if not !company_name then company_name = "My Company"
if not !publisher_port then publisher_port = 32248
if not !publisher_rest_port then publisher_rest_port = 32249
if not !ledger_conn then ledger_conn = 127.0.0.1:32048
if not !sync_time then sync_time = 5 seconds
create work directories

# ---- the config policy: TCP and REST servers on 127.0.0.1, and the synchronizer ----
<config_policy = {"config": {
    "name": "publisher-configs",
    "company": !company_name,
    "node_type": "publisher",
    "ip": "127.0.0.1",
    "local_ip": "127.0.0.1",
    "port": "!publisher_port.int",
    "rest_port": "!publisher_rest_port.int",
    "tcp_bind": true,
    "rest_bind": true,
    "script": [
        "run blockchain sync where source = master and time = !sync_time and dest = file and connection = !ledger_conn"
    ]
}}>

config_id = blockchain get id !config_policy
is_config = blockchain get config where id = !config_id bring [config][id]
if not !is_config then blockchain insert where policy = !config_policy and local = true
config from policy where id = !config_id
wait 10 for sync

# ---- the publisher's policy: how peers reach it ----
<publisher_policy = {"publisher": {
    "name": !node_name,
    "company": !company_name,
    "ip": "127.0.0.1",
    "local_ip": "127.0.0.1",
    "port": !publisher_port.int,
    "rest_port": !publisher_rest_port.int
}}>
publisher_id = blockchain get id !publisher_policy
is_publisher = blockchain get publisher where id = !publisher_id bring [publisher][id]
if not !is_publisher then blockchain insert where policy = !publisher_policy and local = true and master = !ledger_conn

# ---- shipping data: the streamer writes buffered rows as files, the publisher sends each file to an operator ----
set buffer threshold where time = 2 seconds and volume = 1MB
run streamer
run publisher where compress_json = true and master_node = !ledger_conn

echo Publisher !node_name is up: TCP 127.0.0.1:!publisher_port, REST 127.0.0.1:!publisher_rest_port, master !ledger_conn
get processes
