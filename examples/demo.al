# EdgeNode demo: a single node that stores sensor data in SQLite and answers a query.
# Run it with:  dotnet run --project src/EdgeNode -c Release -- process examples/demo.al
# It connects the databases, declares the node's cluster and operator policies (once), runs the streamer, the
# operator and a REST server on 127.0.0.1, copies the JSON files of examples/data into the watch dir, waits for their
# rows and prints two queries. Running it again loads nothing twice: the tables exist, so the files are not copied again.
# The REST port is 32049 unless the command line sets another first:
#   edgenode "rest_port = 7849" "process examples/demo.al"
set node name demo-node
create work directories

connect dbms almgm where type = sqlite
create table tsd_info where dbms = almgm
connect dbms demo where type = sqlite

# the policies of a one-node network: a cluster and this node as its operator (kept in the local ledger)
operator_id = blockchain get operator where name = demo-operator bring [operator][id]
if !operator_id then goto run_processes
demo_cluster = create policy cluster with defaults where company = "EdgeNode Demo" and name = demo-cluster
blockchain insert where policy = !demo_cluster and local = true
cluster_id = blockchain get cluster where name = demo-cluster bring [cluster][id]
demo_operator = create policy operator with defaults where name = demo-operator and company = "EdgeNode Demo" and cluster = !cluster_id and main = true
blockchain insert where policy = !demo_operator and local = true
operator_id = blockchain get operator where name = demo-operator bring [operator][id]

:run_processes:
run streamer
run operator where policy = !operator_id and update_tsd_info = true and archive_json = true and compress_json = true
# local only (bind = true): the node answers commands and takes data over HTTP, as AnyLog clients call it
if not !rest_port then rest_port = 32049
run rest server where internal_ip = 127.0.0.1 and internal_port = !rest_port and bind = true

# the data: 3 room-climate sensors and 2 power meters (one JSON object per line)
loaded = blockchain get table where dbms = demo and name = power_meter bring [table][name]
if not !loaded then file copy data/*.json !watch_dir

# wait (up to 10 seconds) until tsd_info records the 360 rows of the 5 files as loaded
tries = 0
:wait_for_rows:
rows = sql almgm format = json:list and stat = false "select sum(rows) as n from tsd_info where dbms_name = 'demo' and status1 = 'ok'"
if !rows contains 360 then goto show_data
tries = incr !tries
if !tries.int > 50 then goto show_data
wait 0.2
goto wait_for_rows

:show_data:
echo Room climate, 2026-01-15 08:00-09:20 UTC:
sql demo format = table and stat = false "select room, count(*) as readings, round(min(temperature), 2) as min_temp, round(max(temperature), 2) as max_temp, round(avg(humidity), 1) as avg_humidity, max(co2) as max_co2 from room_climate group by room order by room"
echo Power meters:
sql demo format = table and stat = false "select meter, count(*) as readings, round(avg(voltage), 1) as avg_volts, round(sum(power_kw) / 60, 3) as kwh, sum(case when breaker_ok then 0 else 1 end) as breaker_trips from power_meter group by meter order by meter"
get operator summary
echo EdgeNode demo node !node_name is running. Try: get processes, get operator, blockchain get table, time file get. 'exit node' stops it.
echo Over HTTP: curl -H 'command: sql demo format = table "select meter, count(*) from power_meter group by meter"' -H 'User-Agent: AnyLog/1.23' http://127.0.0.1:!rest_port
