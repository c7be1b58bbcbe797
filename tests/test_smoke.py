def test_schema_is_served(anon, db):
    response = anon.get("/api/schema/")
    assert response.status_code == 200
